"""Live sessions: rooms, WebRTC signalling, chat and real-time emotional insight over Socket.IO."""
