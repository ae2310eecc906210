"""`deeptalk serve`: the HTTP and WebSocket server.

A request goes serve.py (start-up) → app.py (routes) → handlers/ (HTTP status, JSON errors,
frames) → runner.py (runs interviews: engine → store → live.py's sockets; then insights).
"""
