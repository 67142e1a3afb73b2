"""The working-day calendar (法定节假日与调休) used for statutory deadlines; editable by an administrator."""
