// First: tracing must patch modules before anything else loads them.
import './tracing';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { runApiProcess } from './bootstrap/run-api';

runApiProcess(AppModule);
