export enum ClaimsEvents {
  FNOL_SOURCE = "fnol.service",
  CLAIMS_SOURCE = "claims.service",
  CLAIM_ACCEPTED = "Claim.Accepted",
  CLAIM_REJECTED = "Claim.Rejected",
  CLAIM_REQUESTED = "Claim.Requested",
}
