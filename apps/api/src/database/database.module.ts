import { Module } from '@nestjs/common';
import { SqlReader } from './sql.reader.js';

@Module({ providers: [SqlReader], exports: [SqlReader] })
export class DatabaseModule {}
