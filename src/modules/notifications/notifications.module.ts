import { Module } from '@nestjs/common';
import { NotificationsSubscriber } from './notifications.subscriber';

@Module({
  providers: [NotificationsSubscriber],
  exports: [NotificationsSubscriber],
})
export class NotificationsModule {}
