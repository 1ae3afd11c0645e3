import { serviceNameOf, startTracing } from './start';

// Imported first by every entry point (`import '@kezek/tracing/register'`): tracing must start
// before anything it instruments (http, undici, pg) is loaded.
startTracing(serviceNameOf(process.argv[1] ?? 'kezek'));
