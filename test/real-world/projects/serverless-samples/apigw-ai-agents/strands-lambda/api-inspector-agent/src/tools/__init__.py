"""
API Inspector Agent Tools Module

This module provides tools for inspecting AWS API Gateway configurations.
"""

from .api_account_info_retriever import api_account_info_retriever
from .api_configuration_retriever import api_configuration_retriever

__all__ = [
    'api_account_info_retriever',
    'api_configuration_retriever'
]