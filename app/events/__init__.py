"""Events calendar: coordination meetings, registrations, recurrence and iCalendar feeds."""
