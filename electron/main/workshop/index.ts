export * from './bundle-export';
export * from './bundle-format';
export * from './bundle-import';
export { bundleColumns } from './bundle-tables';
