// First: refuse an old Node.js, then tracing must patch modules before anything else loads them.
import './bootstrap/require-node-version';
import './tracing';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { runApiProcess } from './bootstrap/run-api';

runApiProcess(AppModule);
