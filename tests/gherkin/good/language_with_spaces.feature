   #   language   :   de   
Funktionalität: Sprache mit Leerzeichen
  Szenario: S
    Angenommen es gibt eine Adresse
    Wenn etwas passiert
    Dann ist es gut
