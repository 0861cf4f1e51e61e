"""Accounts: sign-in, sessions, API keys, passwords, demo logins; who may see and change what."""
