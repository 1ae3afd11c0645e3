export { currentTraceparent, serviceNameOf, startTracing, traceJob } from './start';
