import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { databaseConfig } from './config/database.config';
import { httpConfig } from './config/http.config';
import { DatabaseModule } from './infrastructure/database/database.module';
import { HealthModule } from './infrastructure/health/health.module';

@Module({
  imports: [
    // Only the process environment is read (no .env file), validated by config/environment.ts.
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [httpConfig, databaseConfig],
    }),
    DatabaseModule,
    HealthModule,
  ],
})
export class AppModule {}
