"""The model engines' interview strategy, shared by every chat backend (llama, openai): what to
ask (guide.py), what an answer keeps (turns.py, cleaning.py, measures.py), the prompts
(prompts.py) and the insights drawn from the transcript (extractive.py, vocabulary.py).
No llama_cpp here: a backend (../backends/) only completes chats."""
