"""The uniform HTTP edge, tested from the outside over the app's route table."""
