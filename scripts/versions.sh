# Pinned versions of the tools the project installs for itself.
PWSH_VERSION=7.6.9
CODE_SERVER_VERSION=4.100.3
