# language: fr
Fonctionnalité: F
  Scénario: S
    Soit a
  Scenaro: T
    Soit b
