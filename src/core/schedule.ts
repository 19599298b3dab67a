// Weekly schedules in Europe/London: "MON 09:00". Placeholder: the helper writes it.
