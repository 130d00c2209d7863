// First: refuse an old Node.js, then tracing must patch modules before anything else loads them.
import './bootstrap/require-node-version';
import './tracing';
import 'reflect-metadata';
import { runWorkerProcess } from './bootstrap/run-worker';
import { WorkerModule } from './worker.module';

runWorkerProcess(WorkerModule);
