# language: fr
Fonctionnalité: Une fonctionnalité en français
  Scénario: Les mots-clés suivent la langue, les phrases restent en anglais
    Soit address "$TARGET"
    Et URL path "/json"
    Quand the URL is invoked
    Alors status is "200"
