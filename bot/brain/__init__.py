"""Understanding a question and answering it from the knowledge base."""
