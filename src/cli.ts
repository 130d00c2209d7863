// First: tracing must patch modules before anything else loads them.
import './tracing';
import 'reflect-metadata';
import { runCli } from './bootstrap/run-cli';
import { CliModule } from './cli/cli.module';

runCli(CliModule);
