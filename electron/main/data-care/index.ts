export * from './backup';
export * from './db-access';
export * from './delete-profile-data';
export * from './files';
export * from './integrity';
export * from './move-data-dir';
export * from './restore';
export * from './retention';
