export * from './api.ts';
export * from './app.ts';
export * from './commands.ts';
export * from './devices.ts';
export * from './errors.ts';
export * from './service-status.ts';
export * from './session.ts';
export * from "./validate.ts";
