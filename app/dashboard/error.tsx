'use client';

// Inside the dashboard's layout, so that the page keeps its menu and its <main> (see not-found.tsx).
export { default } from '../error';
