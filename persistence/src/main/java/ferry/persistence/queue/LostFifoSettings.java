package ferry.persistence.queue;

import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueSettings;

/**
 * Journals written before commit 0af2e76 hold the creation of FIFO queues without their FIFO
 * settings: Jackson left them out. Such a queue then recovered as a standard one, and one holding
 * messages did not recover at all. Only FIFO queues have names ending in {@code .fifo}, so its
 * creation is read as a FIFO queue's with the default FIFO options; the options it was created
 * with are not in the journal.
 */
final class LostFifoSettings {
  private LostFifoSettings() {}

  static QueueEvent restored(QueueId queue, QueueEvent event) {
    if (event instanceof QueueEvent.QueueCreated created && created.settings().fifo() == null
        && queue.name().endsWith(".fifo")) {
      QueueSettings settings = created.settings();
      return new QueueEvent.QueueCreated(new QueueSettings(settings.visibilityTimeoutSeconds(),
          settings.delaySeconds(), settings.retentionSeconds(), settings.maximumMessageSize(),
          settings.receiveWaitSeconds(), QueueSettings.Fifo.DEFAULTS, settings.redrive(), settings.verbatim()),
          created.tags(), created.createdAt());
    }
    return event;
  }
}
