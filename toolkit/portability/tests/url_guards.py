# Every URL of the app is area-scoped (area_code, area_view) with no other keyword.
