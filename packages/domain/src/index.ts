export * from './authorization';
export * from './departements';
export * from './identifiers';
export * from './password-policy';
export * from './profiles';
export * from './schemas/auth';
export * from './sign-in';
export * from './text';
