import { AnalyticsModule } from './analytics/analytics.module';
import { AnalyticsSubscriber } from './analytics/analytics.subscriber';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationsSubscriber } from './notifications/notifications.subscriber';

/**
 * The features that consume domain events, each its own consumer group. The worker runs them,
 * and so does the API when there is no Redis. A new consumer is added here.
 */
export const EVENT_CONSUMERS = {
  imports: [NotificationsModule, AnalyticsModule],
  subscribers: [NotificationsSubscriber, AnalyticsSubscriber],
};
