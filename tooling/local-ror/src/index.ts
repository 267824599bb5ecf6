export * from './resources';
export * from './server';
