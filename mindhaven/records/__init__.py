"""Care relationships and the therapist's clinical record of a client."""
