// Inside the dashboard's layout, so that the page keeps its menu and its <main> (app/layout.tsx leaves the
// <main> of dashboard pages to app/dashboard/layout.tsx).
export { default } from '../not-found';
