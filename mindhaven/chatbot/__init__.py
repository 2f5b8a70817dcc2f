"""The support chatbot: offline intents, guided exercises, an optional LLM backend, always behind safety."""
