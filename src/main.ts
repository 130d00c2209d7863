import 'reflect-metadata';
import { AppModule } from './app.module';
import { runApiProcess } from './bootstrap/run-api';

runApiProcess(AppModule);
