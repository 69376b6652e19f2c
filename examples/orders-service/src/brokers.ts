/** The Kafka brokers every client of this service connects to. */
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
