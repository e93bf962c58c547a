export * from './pin';
export * from './pin-throttle';
export * from './profiles';
export * from './visibility';
