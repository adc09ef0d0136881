// The console's icon, served from /assets/favicon.svg and named in every page's head: without one a
// browser asks for /favicon.ico on its first visit and logs the 404 it gets as an error.
export const consoleIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#15304f"/><path d="M16 6a7 7 0 0 0-7 7v6l-2 3h18l-2-3v-6a7 7 0 0 0-7-7z" fill="#fff"/><circle cx="16" cy="25" r="2.5" fill="#ffbf47"/></svg>
`;
