"""Realistic YAML for the YAML analysis tests: Azure CLI reference groups, a toc.yml and a landing page."""

from __future__ import annotations

ACQUIRE = """\
  - name: --acquire-policy-token
    defaultValue: "False"
    summary: |-
      Acquiring an Azure Policy token automatically for this resource operation.
    parameterValueGroup: "false, true"
"""
CHANGE_REF = """\
  - name: --change-reference
    summary: |-
      The related change reference ID for this resource operation.
"""


def cli_command(
    group: str,
    verb: str,
    summary: str,
    required: list[str],
    optional: list[str],
    extra_optional: str = "",
    status: str = "Preview",
) -> str:
    name = f"az {group} {verb}"
    pad = " " * len(name)
    syntax = [f"    {name} " + " ".join(f"--{r}" for r in required)]
    syntax += [f"    {pad} [--{o}]" for o in optional]
    syntax += [f"    {pad} [{ln.split(': ', 1)[1]}]" for ln in extra_optional.splitlines() if "- name:" in ln]
    req = "".join(
        f"  - isRequired: true\n    name: --{r}\n    summary: |-\n      The {r.replace('-', ' ')} to use.\n"
        for r in required
    )
    opt = "".join(
        f'  - name: --{o}\n    defaultValue: "json"\n    summary: |-\n      Output format.\n'
        f'    parameterValueGroup: "json, jsonc, none, table, tsv, yaml, yamlc"\n'
        if o == "output"
        else f"  - name: --{o}\n    summary: |-\n      The {o.replace('-', ' ')}.\n"
        for o in optional
    )
    return (
        f"- uid: az_{group}_{verb.replace(' ', '_')}\n"
        f"  name: {name}\n"
        f"  summary: |-\n    {summary}\n"
        f"  status: {status}\n"
        f"  sourceType: Extension\n"
        f"  syntax: >-\n"
        + "\n".join(syntax)
        + "\n"
        + (f"  requiredParameters:\n{req}" if req else "")
        + (f"  optionalParameters:\n{opt}{extra_optional}" if opt or extra_optional else "")
        + f"  examples:\n  - summary: |-\n      {summary}\n    syntax: {name} --help\n"
    )


def cli_group(group: str, commands: list[str], date: str = "2025-04-16") -> str:
    uids = "".join(c.split("\n", 1)[0].replace("- uid: ", "- ") + "\n" for c in commands)
    return (
        "### YamlMime:AzureCLIGroup\n"
        f"uid: az_{group}\n"
        f"name: az {group}\n"
        "extensionInformation: >-\n"
        f"  This command group is part of the **{group}** extension for the Azure CLI (version 2.61.0 or higher).\n"
        f"summary: |-\n  Manage {group} resources.\n"
        "status: Preview\n"
        "sourceType: Extension\n"
        "directCommands:\n" + "".join(commands) + "commands:\n" + uids + "metadata:\n"
        f"  ms.date: {date}\n  description: Manage {group} resources.\n"
    )


def acat(new: bool) -> str:
    """The ``az acat`` group before and after: ``onboard`` gains two optional parameters, ``report create``
    makes ``--offer-guid`` required, ``report delete`` is removed and ``report list`` is new."""
    onboard = cli_command(
        "acat",
        "onboard",
        "Onboard the subscriptions to ACAT.",
        ["subscription-ids"],
        ["output"],
        extra_optional=ACQUIRE + CHANGE_REF if new else "",
    )
    create_opt = ["display-name", "output"] if new else ["display-name", "offer-guid", "output"]
    create_req = ["report-name", "offer-guid"] if new else ["report-name"]
    create = cli_command("acat", "report create", "Create an ACAT report.", create_req, create_opt)
    delete = cli_command("acat", "report delete", "Delete an ACAT report.", ["report-name"], ["yes"])
    listing = cli_command("acat", "report list", "List the ACAT reports.", [], ["output"])
    commands = [onboard, create, listing] if new else [onboard, create, delete]
    return cli_group("acat", commands, "2025-04-17" if new else "2025-04-16")


TOC_OLD = """\
items:
- name: Azure CLI
  href: index.yml
- name: Reference
  items:
  - name: az acat
    href: reference/acat.yml
  - name: az old
    href: reference/old.yml
"""
TOC_NEW = """\
items:
- name: Azure CLI
  href: index.yml
- name: Reference
  items:
  - name: az acat
    href: reference/acat.yml
  - name: az new
    href: reference/new.yml
"""

LANDING_OLD = """\
### YamlMime:Landing

title: Azure CLI documentation
summary: Manage Azure from the command line.
metadata:
  title: Azure CLI documentation
  ms.date: 04/16/2025
  ms.topic: landing-page
landingContent:
- title: Get started
  linkLists:
  - linkListType: overview
    links:
    - text: What is the Azure CLI?
      url: overview.md
    - text: Install the Azure CLI
      url: install-azure-cli.md
- title: Reference
  linkLists:
  - linkListType: reference
    links:
    - text: Command list
      url: reference-index.md
"""
LANDING_NEW = (
    LANDING_OLD.replace("04/16/2025", "04/17/2025")
    .replace("url: install-azure-cli.md", "url: install/index.md")
    .replace(
        "    - text: Command list\n",
        "    - text: Release notes\n      url: release-notes.md\n    - text: Command list\n",
    )
)
