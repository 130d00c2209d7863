// First: refuse an old Node.js, then tracing must patch modules before anything else loads them.
import './bootstrap/require-node-version';
import './tracing';
import 'reflect-metadata';
import { runCli } from './bootstrap/run-cli';
import { CliModule } from './cli/cli.module';

runCli(CliModule);
