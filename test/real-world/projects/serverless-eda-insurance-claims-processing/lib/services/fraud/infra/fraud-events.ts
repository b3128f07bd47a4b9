export enum FraudEvents {
  SOURCE = "fraud.service",
  FRAUD_DETECTED = "Fraud.Detected",
  FRAUD_NOT_DETECTED = "Fraud.Not.Detected",
}
