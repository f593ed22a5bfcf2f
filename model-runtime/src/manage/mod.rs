//! The manage command line, Django's `manage.py`: every command is also a
//! library function.
