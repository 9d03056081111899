export * from './parse';
export * from './analyze';
export * from './report';
