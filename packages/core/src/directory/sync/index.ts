export * from './runner';
export * from './service';
