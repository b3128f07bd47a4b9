export enum CustomerEvents {
  CUSTOMER_SOURCE = "customer.service",
  SIGNUP_SOURCE = "signup.service",
  CUSTOMER_ACCEPTED = "Customer.Accepted",
  CUSTOMER_REJECTED = "Customer.Rejected",
  CUSTOMER_SUBMITTED = "Customer.Submitted",
}
