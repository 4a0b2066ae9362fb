// Nothing here yet: see README.md.
export {};
