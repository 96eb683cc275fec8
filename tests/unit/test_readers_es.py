"""The Spanish request coach and thinking-trap hints on the shapes issues 13 and 17 name:
polite wrappers, accusing questions, wishes and offers as asks, voseo, missing accents,
texting. Every sentence here is written for these tests, fictional, and in none of the
corpora."""

from __future__ import annotations

import pytest

from attachwork.content import pack
from attachwork.domain import coach, traps
from attachwork.domain.coach import Coach


def reading(text: str):
    return coach.coach(pack("es")).read(text)


def codes(text: str) -> set[str]:
    return Coach.found(reading(text))


@pytest.mark.parametrize("code, text", [
    # una etiqueta dentro de una petición amable
    ("label", "Sería lindo que no fueras tan despistado con las llaves."),
    ("label", "¿Podrías ser un poco menos egoísta con el control de la tele?"),
    # petición por fuera, culpa por dentro
    ("blame", "¿Podemos hablar de cómo me hiciste quedar fatal en la boda?"),
    ("generalisation", "¿Podés dejar de mirar siempre el celular en la mesa?"),
    # preguntas que acusan
    ("blame", "¿Cómo pudiste olvidarte de recoger a la niña?"),
    ("blame", "¿Por qué nunca me haces caso cuando te hablo?"),
    ("blame", "¿Qué te pasa últimamente?"),
    # sarcasmo, amenaza, leer la mente, petición vaga
    ("sarcasm", "Ay, genial, otra tarde entera esperándote en el parque."),
    ("threat", "Si no vienes a la cena de mi madre, no me esperes despierto."),
    ("mind_reading", "Seguro que preferís quedarte con tus amigos antes que verme."),
    ("vague_ask", "Necesito que te esfuerces más con mi familia."),
    ("vague_ask", "Ponle más ganas a lo nuestro, porfa."),
    # nada pedido, nada sentido
    ("no_ask", "Otra vez quedó el coche sin gasolina."),
    ("no_feeling", "¿Me compras tomates cuando vuelvas?"),
])
def test_each_flag_is_raised_where_it_belongs(code, text):
    assert code in codes(text)


@pytest.mark.parametrize("text", [
    # «nunca» dentro de una promesa compartida
    "Prometamos que nunca vamos a discutir por dinero delante de los niños. ¿Lo hablamos el domingo?",
    # un sentimiento nombrado sin culpa
    "Me siento un poco sola por las noches. ¿Cenamos juntos el jueves?",
    "Me pone nerviosa la mudanza. ¿Me acompañas a ver el piso el sábado?",
    # mensajes de texto, sin tildes, voseo
    "hola, me traes pan cuando vuelvas porfa?",
    "che, te animás a ir a caminar el domingo a la mañana?",
    "me pasas a buscar a las 7?",
    # peticiones sin «podrías»: deseos y ofrecimientos
    "Me haría el día que vinieras al partido de la nena el sábado.",
    "Me encantaría que cocináramos juntos el viernes.",
    "Puedo llevar yo a los niños el martes para que descanses. ¿Te viene bien?",
    "¿Te invito a desayunar mañana para darte las gracias?",
    # reconocer lo que vive la otra persona no es leerle la mente
    "Sé que el trabajo te tiene a mil. ¿Hacemos una llamada corta el miércoles por la noche?",
    "Entiendo que estás agotado con el bebé. ¿Te llevo la cena el jueves?",
])
def test_requests_in_their_many_shapes_read_as_requests(text):
    r = reading(text)
    assert r.is_request, [f.code for f in r.flags]
    assert not {"mind_reading", "generalisation", "no_ask"} & codes(text)


def test_a_tag_question_is_a_statement_not_an_ask():
    assert "no_ask" in codes("Sos un despistado, ¿sabés?")
    assert "no_ask" in codes("Siempre llegas tarde a todo, ¿verdad?")


def test_a_spanish_flag_quotes_the_writers_own_words():
    r = reading("Nunca me llamas cuando llegas. ¿Podrías avisarme el viernes?")
    quotes = {f.code: f.quotes for f in r.flags}
    assert quotes["generalisation"] == ("Nunca me",)


@pytest.mark.parametrize("trap, text", [
    ("mind_reading", "Mi cuñado no me saludó; seguro piensa que soy una pesada."),
    ("mind_reading", "vos no me contestas, seguro ya te cansaste de mi"),
    ("catastrophising", "Me duele el estómago desde el lunes, seguro que es algo grave."),
    ("catastrophising", "Si me equivoco en la boda, será la vergüenza más grande de mi vida."),
    ("personalising", "Mi amiga está de mal humor; seguro que es por algo que dije."),
    ("personalising", "La excursión salió mal y fue todo culpa mía."),
    ("all_or_nothing", "O lo hago perfecto o mejor no lo hago."),
    ("all_or_nothing", "Me salté un día de la dieta, ya arruiné todo."),
    ("fortune_telling", "Nunca voy a encontrar un trabajo que me guste."),
    ("fortune_telling", "Mañana me van a decir que no, ya lo sé."),
    ("emotional_reasoning", "Me siento inútil, así que soy una inútil."),
    ("emotional_reasoning", "Como estoy tan nerviosa, esto va a salir mal seguro."),
    ("discounting_positive", "Me dieron el puesto, pero fue pura suerte."),
    ("discounting_positive", "Mi jefa me felicitó, pero eso se lo dice a todo el mundo."),
])
def test_spanish_sentences_get_the_trap_they_show(trap, text):
    assert trap in {s.trap for s in traps.suggest(text, pack("es"))}


@pytest.mark.parametrize("text", [
    "Estaba nerviosa en la fiesta y me quedé una hora igual.",
    "Me escribió después de comer y quedamos para el viernes.",
    "Me siento cansada, así que hoy me acuesto temprano.",
    "Mañana voy al médico para la revisión de siempre.",
    "Si no apruebo a la primera, lo intento otra vez en junio.",
    "Me siento feliz, así que salgo a caminar con el perro.",
    "Mi hermano no me llamó en mi cumpleaños.",
    "Priya no contestó desde la mañana.",
])
def test_plain_spanish_sentences_suggest_nothing(text):
    assert traps.suggest(text, pack("es")) == []


def test_a_trap_hint_quotes_the_writers_own_words():
    hint = {s.trap: s.quotes for s in traps.suggest("Seguro que mañana me cancela otra vez.", pack("es"))}
    assert hint["fortune_telling"] == ("Seguro que mañana me cancela",)
