"""The typed configuration (``diffreport.toml``) and its loader. Imports no stage: loading a config
never imports git, Markdown parsing, the classifier, the LLM client or the site."""

from __future__ import annotations

from .base import Problem, Section, closest, config_error, format_error, printable
from .classifier import ClassifierSettings, Thresholds
from .llm import LLMSettings, Price
from .loader import CONFIG_NAME, Config, find_config, load_config, parse_config
from .report import ReportSettings, SourceSettings
from .site import SiteSettings

__all__ = [
    "CONFIG_NAME",
    "ClassifierSettings",
    "Config",
    "LLMSettings",
    "Price",
    "Problem",
    "ReportSettings",
    "Section",
    "SiteSettings",
    "SourceSettings",
    "Thresholds",
    "closest",
    "config_error",
    "find_config",
    "format_error",
    "load_config",
    "parse_config",
    "printable",
]
