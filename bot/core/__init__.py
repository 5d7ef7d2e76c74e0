"""The channel-independent core: reply types and the assistant that routes a message."""
