export * from './cohort-csv';
export * from './cohort-export';
export * from './dashboard';
export * from './filters';
export * from './uuid';
export * from './xapi';
