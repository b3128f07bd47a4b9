"""
Models package for voice-fnol-agent.

This package contains Pydantic models for FNOL claim data and conversation context.
"""

from .claim_schema import (
    Location,
    Incident,
    Policy,
    PersonalInformation,
    PoliceReport,
    OtherParty,
    FNOLPayload,
    ConversationContext,
)

__all__ = [
    "Location",
    "Incident",
    "Policy",
    "PersonalInformation",
    "PoliceReport",
    "OtherParty",
    "FNOLPayload",
    "ConversationContext",
]
