// First: tracing must patch modules before anything else loads them.
import './tracing';
import 'reflect-metadata';
import { runWorkerProcess } from './bootstrap/run-worker';
import { WorkerModule } from './worker.module';

runWorkerProcess(WorkerModule);
