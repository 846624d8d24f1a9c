#include "unmask/sim/text.hpp"

#include <array>
#include <cctype>
#include <unordered_map>

#include <fmt/format.h>

namespace unmask::sim {
namespace {

using List = std::vector<const char*>;

template <typename L>
const char* P(Rng& rng, const L& list) {
  return list[rng.Below(list.size())];
}

const List kEmoji = {"😊", "😂", "❤️", "🔥", "👍", "🙏", "😍", "🎉", "😅", "🤔", "✨", "💪", "🌞", "☕", "🌧️", "🍕", "🐶", "🐱", "🌸", "😴", "🙌", "💯", "🥲", "😎"};

// --- names ------------------------------------------------------------------
struct NamePair {
  const char* display;
  const char* latin;
};

const std::vector<NamePair> kEnFirst = {
    {"James", "james"}, {"Mary", "mary"}, {"John", "john"}, {"Emma", "emma"}, {"Michael", "michael"}, {"Olivia", "olivia"},
    {"David", "david"}, {"Sophia", "sophia"}, {"Chris", "chris"}, {"Emily", "emily"}, {"Daniel", "daniel"}, {"Grace", "grace"},
    {"Ryan", "ryan"}, {"Chloe", "chloe"}, {"Matt", "matt"}, {"Hannah", "hannah"}, {"Jake", "jake"}, {"Lucy", "lucy"},
    {"Tyler", "tyler"}, {"Megan", "megan"}, {"Brandon", "brandon"}, {"Ashley", "ashley"}, {"Kevin", "kevin"}, {"Rachel", "rachel"},
    {"Jason", "jason"}, {"Laura", "laura"}, {"Ben", "ben"}, {"Zoe", "zoe"}, {"Sam", "sam"}, {"Kate", "kate"}, {"Tom", "tom"},
    {"Jess", "jess"}, {"Aaron", "aaron"}, {"Nicole", "nicole"}, {"Luke", "luke"}, {"Amber", "amber"}, {"Noah", "noah"},
    {"Ava", "ava"}, {"Liam", "liam"}, {"Mia", "mia"}, {"Ethan", "ethan"}, {"Isla", "isla"}, {"Jack", "jack"}, {"Ruby", "ruby"},
    {"Marcus", "marcus"}, {"Keisha", "keisha"}, {"Andre", "andre"}, {"Priya", "priya"}, {"Raj", "raj"}, {"Wei", "wei"}};
const std::vector<NamePair> kEnLast = {
    {"Smith", "smith"}, {"Johnson", "johnson"}, {"Williams", "williams"}, {"Brown", "brown"}, {"Jones", "jones"},
    {"Miller", "miller"}, {"Davis", "davis"}, {"Wilson", "wilson"}, {"Taylor", "taylor"}, {"Clark", "clark"},
    {"Lewis", "lewis"}, {"Walker", "walker"}, {"Hall", "hall"}, {"Young", "young"}, {"King", "king"}, {"Wright", "wright"},
    {"Scott", "scott"}, {"Green", "green"}, {"Baker", "baker"}, {"Adams", "adams"}, {"Nelson", "nelson"}, {"Hill", "hill"},
    {"Campbell", "campbell"}, {"Mitchell", "mitchell"}, {"Roberts", "roberts"}, {"Carter", "carter"}, {"Phillips", "phillips"},
    {"Evans", "evans"}, {"Turner", "turner"}, {"Parker", "parker"}, {"Collins", "collins"}, {"Edwards", "edwards"},
    {"Stewart", "stewart"}, {"Murphy", "murphy"}, {"Cook", "cook"}, {"Rogers", "rogers"}, {"Morgan", "morgan"},
    {"Reed", "reed"}, {"Bailey", "bailey"}, {"Kelly", "kelly"}, {"Howard", "howard"}, {"Patel", "patel"}, {"Nguyen", "nguyen"},
    {"O'Brien", "obrien"}, {"Sullivan", "sullivan"}, {"Foster", "foster"}, {"Hughes", "hughes"}, {"Price", "price"}};
const std::vector<NamePair> kZhLast = {{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"},
                                       {"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"},
                                       {"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"},
                                       {"高", "gao"}, {"罗", "luo"}, {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"}};
const std::vector<NamePair> kZhFirst = {{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"},
                                        {"强", "qiang"}, {"磊", "lei"}, {"洋", "yang"}, {"艳", "yan"}, {"勇", "yong"}, {"军", "jun"},
                                        {"杰", "jie"}, {"娟", "juan"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"秀英", "xiuying"},
                                        {"晓明", "xiaoming"}, {"婷婷", "tingting"}, {"志强", "zhiqiang"}, {"海燕", "haiyan"},
                                        {"子涵", "zihan"}, {"欣怡", "xinyi"}, {"浩然", "haoran"}, {"雨桐", "yutong"}, {"建国", "jianguo"},
                                        {"俊杰", "junjie"}, {"佳琪", "jiaqi"}, {"美玲", "meiling"}};
const std::vector<NamePair> kJaLast = {{"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"}, {"田中", "tanaka"},
                                       {"伊藤", "ito"}, {"渡辺", "watanabe"}, {"山本", "yamamoto"}, {"中村", "nakamura"},
                                       {"小林", "kobayashi"}, {"加藤", "kato"}, {"吉田", "yoshida"}, {"山田", "yamada"},
                                       {"松本", "matsumoto"}, {"井上", "inoue"}, {"木村", "kimura"}, {"林", "hayashi"}};
const std::vector<NamePair> kJaFirst = {{"翔太", "shota"}, {"陽菜", "hina"}, {"大輝", "daiki"}, {"さくら", "sakura"},
                                        {"健", "ken"}, {"美咲", "misaki"}, {"拓也", "takuya"}, {"結衣", "yui"}, {"蓮", "ren"},
                                        {"葵", "aoi"}, {"悠斗", "yuto"}, {"彩", "aya"}, {"直樹", "naoki"}, {"真由美", "mayumi"},
                                        {"翼", "tsubasa"}, {"愛", "ai"}};
const std::vector<NamePair> kEsFirst = {{"José", "jose"}, {"María", "maria"}, {"Carlos", "carlos"}, {"Lucía", "lucia"},
                                        {"Juan", "juan"}, {"Sofía", "sofia"}, {"Luis", "luis"}, {"Valentina", "valentina"},
                                        {"Diego", "diego"}, {"Camila", "camila"}, {"Javier", "javier"}, {"Daniela", "daniela"},
                                        {"Miguel", "miguel"}, {"Gabriela", "gabriela"}, {"Alejandro", "alejandro"}, {"Paula", "paula"},
                                        {"Andrés", "andres"}, {"Fernanda", "fernanda"}, {"Pablo", "pablo"}, {"Isabel", "isabel"}};
const std::vector<NamePair> kEsLast = {{"García", "garcia"}, {"Rodríguez", "rodriguez"}, {"Martínez", "martinez"},
                                       {"López", "lopez"}, {"González", "gonzalez"}, {"Pérez", "perez"}, {"Sánchez", "sanchez"},
                                       {"Ramírez", "ramirez"}, {"Torres", "torres"}, {"Flores", "flores"}, {"Rivera", "rivera"},
                                       {"Gómez", "gomez"}, {"Díaz", "diaz"}, {"Morales", "morales"}, {"Ortiz", "ortiz"},
                                       {"Castro", "castro"}, {"Romero", "romero"}, {"Herrera", "herrera"}};
const std::vector<NamePair> kDeFirst = {{"Lukas", "lukas"}, {"Anna", "anna"}, {"Felix", "felix"}, {"Lena", "lena"},
                                        {"Jonas", "jonas"}, {"Marie", "marie"}, {"Leon", "leon"}, {"Lea", "lea"},
                                        {"Paul", "paul"}, {"Julia", "julia"}, {"Maximilian", "max"}, {"Sophie", "sophie"},
                                        {"Tobias", "tobias"}, {"Katrin", "katrin"}, {"Jürgen", "juergen"}, {"Sabine", "sabine"}};
const std::vector<NamePair> kDeLast = {{"Müller", "mueller"}, {"Schmidt", "schmidt"}, {"Schneider", "schneider"},
                                       {"Fischer", "fischer"}, {"Weber", "weber"}, {"Meyer", "meyer"}, {"Wagner", "wagner"},
                                       {"Becker", "becker"}, {"Schulz", "schulz"}, {"Hoffmann", "hoffmann"}, {"Koch", "koch"},
                                       {"Richter", "richter"}, {"Klein", "klein"}, {"Wolf", "wolf"}, {"Neumann", "neumann"}};
const std::vector<NamePair> kFrFirst = {{"Louis", "louis"}, {"Camille", "camille"}, {"Hugo", "hugo"}, {"Léa", "lea"},
                                        {"Jules", "jules"}, {"Chloé", "chloe"}, {"Lucas", "lucas"}, {"Manon", "manon"},
                                        {"Arthur", "arthur"}, {"Inès", "ines"}, {"Théo", "theo"}, {"Juliette", "juliette"},
                                        {"Mathieu", "mathieu"}, {"Élodie", "elodie"}, {"Nicolas", "nicolas"}, {"Amélie", "amelie"}};
const std::vector<NamePair> kFrLast = {{"Martin", "martin"}, {"Bernard", "bernard"}, {"Dubois", "dubois"}, {"Thomas", "thomas"},
                                       {"Robert", "robert"}, {"Richard", "richard"}, {"Petit", "petit"}, {"Durand", "durand"},
                                       {"Leroy", "leroy"}, {"Moreau", "moreau"}, {"Simon", "simon"}, {"Laurent", "laurent"},
                                       {"Lefèvre", "lefevre"}, {"Michel", "michel"}, {"Garnier", "garnier"}, {"Rousseau", "rousseau"}};
const std::vector<NamePair> kPtFirst = {{"João", "joao"}, {"Ana", "ana"}, {"Pedro", "pedro"}, {"Beatriz", "beatriz"},
                                        {"Lucas", "lucas"}, {"Mariana", "mariana"}, {"Gabriel", "gabriel"}, {"Larissa", "larissa"},
                                        {"Rafael", "rafael"}, {"Juliana", "juliana"}, {"Thiago", "thiago"}, {"Letícia", "leticia"}};
const std::vector<NamePair> kPtLast = {{"Silva", "silva"}, {"Santos", "santos"}, {"Oliveira", "oliveira"}, {"Souza", "souza"},
                                       {"Lima", "lima"}, {"Pereira", "pereira"}, {"Costa", "costa"}, {"Ferreira", "ferreira"},
                                       {"Almeida", "almeida"}, {"Ribeiro", "ribeiro"}, {"Carvalho", "carvalho"}, {"Gomes", "gomes"}};
const std::vector<NamePair> kRuFirst = {{"Алексей", "alexey"}, {"Мария", "maria"}, {"Дмитрий", "dmitry"}, {"Анна", "anna"},
                                        {"Сергей", "sergey"}, {"Ольга", "olga"}, {"Иван", "ivan"}, {"Екатерина", "ekaterina"},
                                        {"Андрей", "andrey"}, {"Наталья", "natalya"}, {"Михаил", "mikhail"}, {"Елена", "elena"}};
const std::vector<NamePair> kRuLast = {{"Иванов", "ivanov"}, {"Смирнов", "smirnov"}, {"Кузнецов", "kuznetsov"},
                                       {"Попов", "popov"}, {"Васильев", "vasiliev"}, {"Петров", "petrov"}, {"Соколов", "sokolov"},
                                       {"Михайлов", "mikhailov"}, {"Новиков", "novikov"}, {"Фёдоров", "fedorov"},
                                       {"Морозов", "morozov"}, {"Волков", "volkov"}};
const std::vector<NamePair> kKoLast = {{"김", "kim"}, {"이", "lee"}, {"박", "park"}, {"최", "choi"}, {"정", "jung"},
                                       {"강", "kang"}, {"조", "cho"}, {"윤", "yoon"}, {"장", "jang"}, {"임", "lim"}};
const std::vector<NamePair> kKoFirst = {{"민준", "minjun"}, {"서연", "seoyeon"}, {"도윤", "doyoon"}, {"지우", "jiwoo"},
                                        {"하준", "hajun"}, {"수아", "sua"}, {"지민", "jimin"}, {"예은", "yeeun"},
                                        {"현우", "hyunwoo"}, {"다은", "daeun"}, {"성민", "sungmin"}, {"유진", "yujin"}};

const List kHandleWords = {"sunny", "coffee", "pixel", "wander", "moon", "river", "urban", "lazy", "happy", "blue",
                           "green", "retro", "cosmic", "little", "wild", "quiet", "salty", "midnight", "golden", "tiny",
                           "cloud", "forest", "ocean", "desert", "maple", "cherry", "vinyl", "bookish", "garden", "velvet"};
const List kHandleNouns = {"cat", "fox", "fan", "life", "days", "notes", "bee", "owl", "runner", "chef", "nerd", "kid",
                           "dreamer", "wolf", "panda", "tales", "vibes", "lover", "guy", "girl", "rider", "maker"};

// --- places -------------------------------------------------------------------
const std::vector<Place> kPlaces = {
    {"New York, NY", -300, kEn, 0},     {"Los Angeles, CA", -480, kEn, 0}, {"Chicago, IL", -360, kEn, 0},
    {"Houston, TX", -360, kEn, 0},      {"Seattle, WA", -480, kEn, 0},     {"Atlanta, GA", -300, kEn, 0},
    {"Denver, CO", -420, kEn, 0},       {"Boston, MA", -300, kEn, 0},      {"Toronto", -300, kEn, 0},
    {"Vancouver", -480, kEn, 0},        {"Miami, FL", -300, kEn, 0},       {"Phoenix, AZ", -420, kEn, 0},
    {"Ciudad de México", -360, kEs, 0}, {"Guadalajara", -360, kEs, 0},     {"Bogotá", -300, kEs, 0},
    {"Lima", -300, kEs, 0},             {"Buenos Aires", -180, kEs, 0},    {"Santiago", -240, kEs, 0},
    {"São Paulo", -180, kPt, 0},        {"Rio de Janeiro", -180, kPt, 0},  {"London", 0, kEn, 1},
    {"Manchester", 0, kEn, 1},          {"Dublin", 0, kEn, 1},             {"Edinburgh", 0, kEn, 1},
    {"Berlin", 60, kDe, 1},             {"München", 60, kDe, 1},           {"Hamburg", 60, kDe, 1},
    {"Wien", 60, kDe, 1},               {"Zürich", 60, kDe, 1},            {"Paris", 60, kFr, 1},
    {"Lyon", 60, kFr, 1},               {"Marseille", 60, kFr, 1},         {"Bruxelles", 60, kFr, 1},
    {"Madrid", 60, kEs, 1},             {"Barcelona", 60, kEs, 1},         {"Lisboa", 0, kPt, 1},
    {"Amsterdam", 60, kEn, 1},          {"Stockholm", 60, kEn, 1},         {"Warszawa", 60, kEn, 1},
    {"Москва", 180, kRu, 1},            {"Санкт-Петербург", 180, kRu, 1},  {"Новосибирск", 420, kRu, 2},
    {"東京", 540, kJa, 2},              {"大阪", 540, kJa, 2},             {"札幌", 540, kJa, 2},
    {"서울", 540, kKo, 2},              {"부산", 540, kKo, 2},             {"台北", 480, kZh, 2},
    {"香港", 480, kZh, 2},              {"新加坡", 480, kZh, 2},           {"上海", 480, kZh, 2},
    {"Kuala Lumpur", 480, kEn, 2},      {"Manila", 480, kEn, 2},           {"Mumbai", 330, kEn, 2},
    {"Bangalore", 330, kEn, 2},         {"Delhi", 330, kEn, 2},            {"Jakarta", 420, kEn, 2},
    {"Bangkok", 420, kEn, 2},           {"Sydney", 600, kEn, 3},           {"Melbourne", 600, kEn, 3},
    {"Brisbane", 600, kEn, 3},          {"Perth", 480, kEn, 3},            {"Auckland", 720, kEn, 3}};

// --- ordinary texts -------------------------------------------------------------
const List kEnOpeners = {"", "", "", "", "So", "Well,", "Okay,", "Update:", "Fun fact:", "Honestly,", "Not gonna lie,",
                         "Random thought:", "Guess what,", "PSA:", "Quick one:", "Ok so", "Small win:", "Today's mood:"};
const List kEnTimes = {"this morning", "last night", "today", "yesterday", "after work", "on my lunch break",
                       "this weekend", "just now", "tonight", "after months of waiting", "for the first time in years",
                       "before breakfast", "on the way home", "at 2am", "during the meeting", "over the holidays"};
const List kEnSubjects = {"I", "I", "I", "we", "my sister", "my neighbor", "our team", "the kids", "my dog", "my boss",
                          "my roommate", "grandma", "the cat", "my best friend", "my dad", "my mom", "my coworker",
                          "my partner", "my brother", "the whole family"};
const List kEnVerbs = {"finally fixed", "accidentally broke", "painted", "totally forgot", "rearranged", "cleaned",
                       "discovered", "cooked", "burned", "planned", "organized", "found", "lost", "returned", "ordered",
                       "tried", "finished", "started", "sold", "built", "repaired", "booked", "adopted", "reviewed"};
const List kEnObjects = {"the kitchen sink", "the garden fence", "a huge lasagna", "the old bike", "my favorite mug",
                         "the spare keys", "a vintage record player", "the bathroom", "a new podcast", "the weekend trip",
                         "a birthday cake", "the car battery", "a tiny bakery nearby", "the photo album",
                         "a board game night", "my running shoes", "a jigsaw puzzle", "the wifi router",
                         "the balcony plants", "a stray kitten", "the new ramen place", "a sourdough starter",
                         "the attic", "a 1000-piece puzzle", "tickets for the concert", "the camping gear",
                         "a secondhand couch", "the living room lamp", "banana bread", "the tomato seedlings"};
const List kEnFeelings = {"and honestly I'm thrilled", "and I can't stop laughing", "so that's my day",
                          "and now I need a nap", "what a week", "not complaining though", "best decision ever",
                          "never again", "and it was worth it", "send help", "life is good", "still processing this",
                          "could be worse", "10/10 would recommend", "and I regret nothing", "feeling grateful",
                          "so proud", "zero regrets", "wish me luck", "small victories", "and I'm exhausted"};
const List kEnTopics = {"pineapple on pizza", "working from home", "the new season of that show", "public transport here",
                        "cold brew", "daylight saving time", "the playoffs", "remote meetings", "the weather lately",
                        "online dating", "this year's music", "electric scooters", "the price of eggs", "gardening",
                        "the last episode", "my commute", "rent in this city", "self-checkout machines", "group chats",
                        "airport security", "the new phone update", "meal prep", "running in the rain", "cat videos"};
const List kEnAdjs = {"underrated", "overrated", "seriously stressful", "kind of amazing", "a whole mood",
                      "getting out of hand", "way better than expected", "honestly exhausting", "the best part of my week",
                      "ridiculous", "weirdly relaxing", "a scam", "so wholesome", "peak chaos"};
const List kEnQualifiers = {"and I will die on this hill", "change my mind", "no further questions", "just saying",
                            "thoughts?", "am I wrong?", "fight me", "", "", "lol", "ngl", "honestly", "tbh"};
const List kEnPeriods = {"weekend", "week", "morning", "summer", "spring", "month", "evening", "year"};
const List kEnThings = {"brunch", "tacos", "a haircut", "a dentist", "vintage clothes", "a quiet café", "bike repair",
                        "dim sum", "a plumber", "live music", "used books", "a yoga class"};
const List kEnCities = {"town", "the city", "this neighborhood", "downtown", "the area", "the east side"};
const List kPersonalTags = {"mondaymotivation", "foodie", "travel", "photography", "weekendvibes", "fitness", "coffee",
                            "booklover", "catsofinstagram", "dogsofinstagram", "sunset", "nofilter", "running", "gardening",
                            "homecooking", "throwbackthursday", "music", "gaming", "art", "nature", "family", "selfcare"};

struct SimpleLang {
  List times, acts, feels, ends;
};
const SimpleLang& Simple(int lang) {
  static const SimpleLang zh = {
      {"今天", "昨天", "周末", "刚才", "早上", "晚上", "下班后", "中午", "最近", "这几天", "难得", "终于"},
      {"去了一家新开的咖啡店", "和朋友去爬山", "在家做了红烧肉", "看完了那部电视剧", "带孩子去了公园", "跑了五公里",
       "去超市买了好多水果", "整理了一下房间", "学了一道新菜", "去看了一场电影", "在江边散步", "参加了同学聚会",
       "加班到很晚", "给猫洗了个澡", "尝试了一家火锅店", "读完了一本小说", "去了趟图书馆", "和家人视频聊天",
       "去海边吹风", "把阳台的花都换了盆", "排队买了奶茶", "骑车绕了一大圈", "陪爸妈吃饭", "在网上抢到了演唱会门票"},
      {"，心情特别好", "，累但是很开心", "，感觉还不错", "，下次还要去", "，太满足了", "，有点小失望", "，推荐给大家",
       "，生活就是这样", "，哈哈哈", "，好想放假", "，希望明天也顺利", "，开心", "，值了", "，又是充实的一天"},
      {"！", "。", "～", "😊", "👍", "", "", "。。。", "🙂", "❤️"}};
  static const SimpleLang ja = {
      {"今日は", "昨日", "週末に", "さっき", "朝から", "仕事のあと", "久しぶりに", "やっと", "今夜は", "お昼に"},
      {"新しいカフェに行ってきた", "友達とラーメンを食べた", "部屋の片付けをした", "映画を観た", "公園を散歩した",
       "五キロ走った", "ケーキを焼いた", "本を一冊読み終えた", "温泉に行った", "猫と遊んだ", "洗濯を三回した",
       "新しい靴を買った", "実家に帰った", "カレーを作った", "ライブに行った", "自転車で海まで行った"},
      {"。最高だった", "。疲れたけど楽しかった", "。また行きたい", "。ちょっと残念", "。幸せ", "。おすすめです", "",
       "。明日も頑張ろう", "。眠い", "。満足"},
      {"！", "。", "w", "😊", "✨", "", "", "〜"}};
  static const SimpleLang es = {
      {"Hoy", "Ayer", "Este fin de semana", "Por fin", "Esta mañana", "Anoche", "Después del trabajo", "Al mediodía"},
      {"fui a un café nuevo en el centro", "hice una paella para toda la familia", "terminé de leer un libro increíble",
       "salí a correr por el parque", "vi la final con mis amigos", "limpié toda la casa", "probé un restaurante peruano",
       "fui al mercado", "arreglé la bici", "llevé a los niños a la playa", "pinté mi cuarto", "aprendí a hacer pan",
       "visité a mis abuelos", "fui a un concierto", "adopté un gatito"},
      {" y estoy feliz", ", qué día", ", no me arrepiento", ", me encantó", ", estoy agotado", ", qué bonito",
       ", lo recomiendo", ", jaja", ", a seguir", ", vale la pena"},
      {"!", ".", " 😊", "", "", "...", " 🙌"}};
  static const SimpleLang de = {
      {"Heute", "Gestern", "Am Wochenende", "Endlich", "Heute Morgen", "Nach der Arbeit", "Heute Abend"},
      {"war ich im neuen Café um die Ecke", "habe ich Kuchen gebacken", "bin ich zehn Kilometer gelaufen",
       "haben wir die Wohnung aufgeräumt", "habe ich das Buch fertig gelesen", "war ich auf dem Wochenmarkt",
       "haben wir gegrillt", "habe ich mein Fahrrad repariert", "war ich im Kino", "haben wir Oma besucht",
       "habe ich den Balkon bepflanzt", "war ich am See"},
      {" und es war großartig", ", einfach herrlich", ", nie wieder", ", total müde jetzt", ", kann ich nur empfehlen",
       ", was für ein Tag", ", läuft", ", schön war's"},
      {"!", ".", " 😊", "", "", " 🙂"}};
  static const SimpleLang fr = {
      {"Aujourd'hui", "Hier", "Ce week-end", "Enfin", "Ce matin", "Après le boulot", "Ce soir"},
      {"j'ai testé une nouvelle boulangerie", "on a fait une rando en montagne", "j'ai fini mon livre",
       "j'ai couru dix kilomètres", "on a dîné chez des amis", "j'ai repeint la cuisine", "je suis allé au marché",
       "on a vu un super film", "j'ai réparé mon vélo", "on a pique-niqué au parc", "j'ai appris à faire des crêpes"},
      {" et c'était génial", ", quelle journée", ", je recommande", ", trop fatigué", ", franchement top", ", rien à dire",
       ", bref", ", trop contente"},
      {"!", ".", " 😊", "", "", " 😅"}};
  static const SimpleLang pt = {
      {"Hoje", "Ontem", "No fim de semana", "Finalmente", "Hoje de manhã", "Depois do trabalho"},
      {"fui num café novo no centro", "fiz um churrasco com a família", "terminei de ler um livro ótimo",
       "corri cinco quilômetros", "assisti ao jogo com os amigos", "arrumei a casa toda", "fui à praia",
       "aprendi a fazer pão de queijo", "visitei minha avó", "fui num show"},
      {" e foi demais", ", que dia", ", recomendo", ", tô cansado", ", muito bom", ", kkkk", ", valeu a pena"},
      {"!", ".", " 😊", "", "", " 🙌"}};
  static const SimpleLang ru = {
      {"Сегодня", "Вчера", "На выходных", "Наконец-то", "Утром", "После работы", "Вечером"},
      {"сходил в новое кафе", "испекла пирог", "пробежал пять километров", "дочитал книгу", "погуляли в парке",
       "убрался дома", "посмотрели фильм", "съездили на дачу", "починил велосипед", "сходили на концерт"},
      {" и это было здорово", ", какой день", ", всем советую", ", устал", ", очень доволен", ", вот так", ", красота"},
      {"!", ".", " 😊", "", "", ")))"}};
  static const SimpleLang ko = {
      {"오늘", "어제", "주말에", "드디어", "아침에", "퇴근하고", "오랜만에"},
      {"새로 생긴 카페에 다녀왔다", "친구랑 떡볶이 먹었다", "방 청소를 했다", "영화를 봤다", "한강에서 산책했다",
       "5킬로 뛰었다", "책 한 권 다 읽었다", "부모님이랑 저녁 먹었다", "콘서트 다녀왔다"},
      {" 너무 좋았다", " 피곤하지만 행복", " 또 가고 싶다", " 추천해요", " ㅋㅋㅋ", " 최고", " 만족"},
      {"!", ".", " 😊", "", "", "ㅎㅎ"}};
  switch (lang) {
    case kZh: return zh;
    case kJa: return ja;
    case kEs: return es;
    case kDe: return de;
    case kFr: return fr;
    case kPt: return pt;
    case kRu: return ru;
    default: return ko;
  }
}

bool SpacedLang(int lang) { return lang != kZh && lang != kJa; }

void EnSentence(Rng& rng, std::string& s) {
  auto cap = [](std::string& str, size_t from) {
    if (from < str.size() && str[from] >= 'a' && str[from] <= 'z') str[from] = static_cast<char>(str[from] - 32);
  };
  const size_t start = s.size();
  switch (rng.Below(6)) {
    case 0: {
      const char* op = P(rng, kEnOpeners);
      if (*op) fmt::format_to(std::back_inserter(s), "{} ", op);
      fmt::format_to(std::back_inserter(s), "{} {} {} {}, {}.", P(rng, kEnTimes), P(rng, kEnSubjects), P(rng, kEnVerbs),
                     P(rng, kEnObjects), P(rng, kEnFeelings));
      break;
    }
    case 1:
      fmt::format_to(std::back_inserter(s), "{} {} {} {}. {}", P(rng, kEnSubjects), P(rng, kEnVerbs), P(rng, kEnObjects),
                     P(rng, kEnTimes), P(rng, kEnFeelings));
      break;
    case 2: {
      const char* q = P(rng, kEnQualifiers);
      fmt::format_to(std::back_inserter(s), "{} is {}{}{}", P(rng, kEnTopics), P(rng, kEnAdjs), *q ? ", " : ".", q);
      break;
    }
    case 3:
      fmt::format_to(std::back_inserter(s), "does anyone know a good place for {} in {}? {}", P(rng, kEnThings),
                     P(rng, kEnCities), rng.Chance(0.5) ? "Asking for a friend." : "Thanks in advance!");
      break;
    case 4:
      fmt::format_to(std::back_inserter(s), "day {} of {} and {} {} {}.", rng.Range(2, 200),
                     rng.Chance(0.5) ? "trying to be productive" : "my new routine", P(rng, kEnSubjects),
                     P(rng, kEnVerbs), P(rng, kEnObjects));
      break;
    default:
      fmt::format_to(std::back_inserter(s), "anyone else {} {} this {}? {}", P(rng, kEnVerbs), P(rng, kEnObjects),
                     P(rng, kEnPeriods), P(rng, kEnFeelings));
      break;
  }
  cap(s, start);
}

void SimpleSentence(Rng& rng, int lang, std::string& s) {
  const SimpleLang& L = Simple(lang);
  const bool spaced = SpacedLang(lang);
  s.append(P(rng, L.times));
  if (spaced) s.push_back(' ');
  s.append(P(rng, L.acts));
  s.append(P(rng, L.feels));
  s.append(P(rng, L.ends));
}

void AppendSep(std::string& s, int lang) {
  if (!s.empty() && SpacedLang(lang)) s.push_back(' ');
}

// --- simplified -> traditional (only the characters the templates use) ----------
const std::unordered_map<uint32_t, uint32_t>& TradMap() {
  static const std::unordered_map<uint32_t, uint32_t> map = [] {
    const char* pairs[][2] = {
        {"个", "個"}, {"丽", "麗"}, {"为", "為"}, {"们", "們"}, {"谎", "謊"}, {"终", "終"}, {"产", "產"}, {"声", "聲"},
        {"讲", "講"}, {"权", "權"}, {"国", "國"}, {"枪", "槍"}, {"击", "擊"}, {"种", "種"}, {"严", "嚴"}, {"无", "無"},
        {"归", "歸"}, {"实", "實"}, {"虚", "虛"}, {"伪", "偽"}, {"准", "準"}, {"双", "雙"}, {"伤", "傷"}, {"压", "壓"},
        {"农", "農"}, {"劳", "勞"}, {"动", "動"}, {"贵", "貴"}, {"谓", "謂"}, {"运", "運"}, {"势", "勢"}, {"钱", "錢"},
        {"谣", "謠"}, {"编", "編"}, {"当", "當"}, {"别", "別"}, {"几", "幾"}, {"没", "沒"}, {"谁", "誰"}, {"胁", "脅"},
        {"坏", "壞"}, {"乌", "烏"}, {"鲁", "魯"}, {"齐", "齊"}, {"脸", "臉"}, {"这", "這"}, {"发", "發"}, {"赢", "贏"},
        {"来", "來"}, {"体", "體"}, {"报", "報"}, {"视", "視"}, {"频", "頻"}, {"请", "請"}, {"复", "復"}, {"稳", "穩"},
        {"荣", "榮"}, {"静", "靜"}, {"阴", "陰"}, {"谋", "謀"}, {"图", "圖"}, {"败", "敗"}, {"湾", "灣"}, {"从", "從"},
        {"坚", "堅"}, {"决", "決"}, {"对", "對"}, {"倾", "傾"}, {"类", "類"}, {"孙", "孫"}, {"须", "須"}, {"难", "難"},
        {"涂", "塗"}, {"锅", "鍋"}, {"责", "責"}, {"耻", "恥"}, {"场", "場"}, {"戏", "戲"}, {"点", "點"}, {"赞", "讚"},
        {"万", "萬"}, {"岁", "歲"}, {"乐", "樂"}, {"将", "將"}, {"却", "卻"}, {"断", "斷"}, {"华", "華"}, {"两", "兩"},
        {"会", "會"}, {"给", "給"}, {"说", "說"}, {"顶", "頂"}, {"转", "轉"}, {"厉", "厲"}, {"导", "導"}, {"欢", "歡"},
        {"让", "讓"}, {"亿", "億"}, {"经", "經"}, {"济", "濟"}, {"长", "長"}, {"门", "門"}, {"间", "間"}, {"边", "邊"},
        {"疆", "疆"}, {"过", "過"}, {"么", "麼"}, {"还", "還"}, {"观", "觀"}, {"众", "眾"}, {"战", "戰"}, {"争", "爭"}};
    std::unordered_map<uint32_t, uint32_t> m;
    auto decode = [](const char* s) {
      const auto* u = reinterpret_cast<const unsigned char*>(s);
      return (uint32_t{static_cast<uint32_t>(u[0] & 0x0F)} << 12) | (uint32_t{static_cast<uint32_t>(u[1] & 0x3F)} << 6) |
             (u[2] & 0x3F);
    };
    for (auto& p : pairs) m[decode(p[0])] = decode(p[1]);
    return m;
  }();
  return map;
}

std::string ToTraditional(std::string_view s) {
  const auto& map = TradMap();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
      const uint32_t cp = (uint32_t{c & 0x0Fu} << 12) | (uint32_t{static_cast<unsigned char>(s[i + 1]) & 0x3Fu} << 6) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      auto it = map.find(cp);
      if (it != map.end()) {
        const uint32_t t = it->second;
        out.push_back(static_cast<char>(0xE0 | (t >> 12)));
        out.push_back(static_cast<char>(0x80 | ((t >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (t & 0x3F)));
      } else {
        out.append(s.substr(i, 3));
      }
      i += 3;
    } else {
      out.push_back(s[i]);
      ++i;
    }
  }
  return out;
}

/// Expands "{a|b|c}" groups; with probability `canonical` takes the first.
void Expand(Rng& rng, std::string_view tmpl, double canonical, std::string& out) {
  size_t i = 0;
  while (i < tmpl.size()) {
    const size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) {
      out.append(tmpl.substr(i));
      return;
    }
    out.append(tmpl.substr(i, open - i));
    const size_t close = tmpl.find('}', open);
    std::string_view body = tmpl.substr(open + 1, close - open - 1);
    std::vector<std::string_view> alts;
    size_t a = 0;
    while (true) {
      const size_t bar = body.find('|', a);
      if (bar == std::string_view::npos) {
        alts.push_back(body.substr(a));
        break;
      }
      alts.push_back(body.substr(a, bar - a));
      a = bar + 1;
    }
    out.append(rng.Chance(canonical) ? alts[0] : alts[rng.Below(alts.size())]);
    i = close + 1;
  }
}

// --- spamouflage templates ------------------------------------------------------
struct OpTemplate {
  const char* text;
  int lang;
  std::vector<const char*> tags;
};
const std::vector<OpTemplate>& OpTemplates() {
  static const std::vector<OpTemplate> t = {
      {"Xinjiang is a {beautiful|wonderful|lovely} place where people of all ethnic groups live {happily|in harmony|peacefully} together. The West's lies about {forced labor|genocide|camps} {cannot|will never} hide the truth!", kEn, {"Xinjiang", "China", "StopTheLies"}},
      {"The US talks about human rights while {its own people|millions of Americans} {suffer from gun violence|cannot afford healthcare|live on the streets}. {Pure hypocrisy|What hypocrisy|Double standards}!", kEn, {"USA", "hypocrisy"}},
      {"Xinjiang cotton is {among the best|the finest|world-class} in the world. {Boycotting|Smearing} it only hurts {ordinary farmers|the workers|everyone}.", kEn, {"XinjiangCotton", "Xinjiang"}},
      {"Why does {the US|Washington|the American government} keep {interfering in|meddling in} other countries' affairs? {The world is watching|Wake up, people|Enough is enough}.", kEn, {"USA", "StopInterference"}},
      {"{Guo Wengui|So-called dissidents|Anti-China forces} {spread rumors|tell lies|make up stories} for money. Don't be fooled!", kEn, {"GuoWengui", "truth"}},
      {"China's development {benefits|helps} the whole world. {Win-win cooperation|Mutual respect} is the {way forward|future}.", kEn, {"China", "WinWin"}},
      {"Look at the {smiles|happy faces|joy} of the people in {Kashgar|Urumqi|Hotan}. This is the real Xinjiang!", kEn, {"Xinjiang", "RealXinjiang"}},
      {"The US has been at war for {222|225|230} of its {246|247} years of history. Who is the real threat to {world peace|peace|stability}?", kEn, {"USA", "WarMachine"}},
      {"{America|The US} {cannot even|can't even} control COVID at home, but blames {China|others} for everything. {Shameful|Ridiculous|Sad}.", kEn, {"USA", "COVID19"}},
      {"{Western media|CNN and BBC|Mainstream media} {never|rarely} report the truth about China. Watch this video and see for yourself:", kEn, {"China", "truth", "fakenews"}},
      {"Hong Kong is {stable|prosperous|peaceful} again. {The riots are over|Rioters funded by the West failed}.", kEn, {"HongKong", "China"}},
      {"Taiwan {is|has always been} part of China. {Stop|No more} {foreign interference|US arms sales}!", kEn, {"Taiwan", "OneChina"}},
      {"Japan's release of {nuclear|radioactive} water {threatens|endangers} the {Pacific|ocean} and {all of us|our children}. {Shame on|Stop} Japan!", kEn, {"Fukushima", "NoNuclearWater"}},
      {"Racism in America is {getting worse|out of control|a daily reality}. {Another|One more} {tragedy|shooting} {this week|today}.", kEn, {"USA", "racism"}},
      {"新疆是个{好地方|美丽的地方|令人向往的地方}，各族人民{幸福|快乐|和睦}地生活在一起。西方的谎言{不攻自破|终将破产}！", kZh, {"新疆", "中国"}},
      {"美国{口口声声|整天}讲人权，自己国家却{枪击案不断|种族歧视严重|无家可归者遍地}。{真是虚伪|双重标准|可笑}！", kZh, {"美国", "人权"}},
      {"新疆棉花是{世界上最好的|一流的}棉花，{抵制|抹黑}新疆棉就是{伤害|打压}{中国农民|普通劳动者}。", kZh, {"新疆棉", "新疆"}},
      {"{郭文贵|所谓的民运人士|反华势力}为了钱{造谣|撒谎|编故事}，大家{不要上当|千万别信}！", kZh, {"郭文贵", "真相"}},
      {"美国建国{二百四十多年|两百多年}，{只有十几年|很少}没有打仗。谁才是世界和平的{最大威胁|破坏者}？", kZh, {"美国", "战争"}},
      {"看看{喀什|乌鲁木齐|和田}人民的{笑脸|幸福生活}，这才是真实的新疆！", kZh, {"新疆", "真实的新疆"}},
      {"中国的发展{造福|惠及}全世界，{合作共赢|互利共赢}才是{正道|未来}。", kZh, {"中国", "合作共赢"}},
      {"{西方媒体|美国媒体}从来{不|不会}报道真实的中国，{请看这个视频|大家看看这个视频}：", kZh, {"中国", "真相"}},
      {"香港已经恢复{稳定|繁荣|平静}，{外国势力|美国}的{阴谋|图谋}失败了。", kZh, {"香港", "中国"}},
      {"台湾{自古以来|从来}就是中国的一部分，{反对|坚决反对}外国干涉！", kZh, {"台湾", "一个中国"}},
      {"日本{排放|倾倒}核污水，{危害|威胁}{全人类|太平洋|子孙后代}，{必须停止|天理难容}！", kZh, {"核污水", "日本"}},
      {"美国疫情{失控|一塌糊涂}，却{甩锅|推卸责任}给中国，{太无耻了|真不要脸}。", kZh, {"美国", "甩锅"}},
      {"美国的民主{就是金钱政治|只是一场游戏}，{普通人|老百姓}根本没有发言权。", kZh, {"美国", "民主"}},
      {"{支持|点赞}中国！{中国加油|祖国万岁}！🇨🇳", kZh, {"中国"}},
      {"{为|给}新疆{点赞|打call}！{欢迎|欢迎大家}来新疆{旅游|看看}，{亲眼|自己}看看真实的新疆。", kZh, {"新疆", "旅游"}},
      {"美国{无人机|军队}在中东{杀害|炸死}了{无数|大量}平民，{却|还}有脸谈人权？", kZh, {"美国", "人权"}},
  };
  return t;
}

}  // namespace

// -----------------------------------------------------------------------------
std::string_view LangCode(int lang) {
  static constexpr std::array<std::string_view, kLangCount> kCodes = {"en", "zh", "ja", "es", "de", "fr", "pt", "ru", "ko"};
  return kCodes[static_cast<size_t>(lang) % kLangCount];
}

void TextOut::AddHashtag(std::string_view tag) {
  if (!text.empty()) text.push_back(' ');
  text.push_back('#');
  text.append(tag);
  hashtags.emplace_back(tag);
}
void TextOut::AddUrl(std::string_view url) {
  if (!text.empty()) text.push_back(' ');
  text.append(url);
  urls.emplace_back(url);
}
void TextOut::AddMention(std::string_view handle) {
  if (!text.empty()) text.push_back(' ');
  text.push_back('@');
  text.append(handle);
  mentions.emplace_back(handle);
}

const std::vector<Place>& Places() { return kPlaces; }

PersonName MakePersonName(Rng& rng, int lang) {
  const std::vector<NamePair>* first = &kEnFirst;
  const std::vector<NamePair>* last = &kEnLast;
  bool family_first = false, no_space = false;
  switch (lang) {
    case kZh: first = &kZhFirst; last = &kZhLast; family_first = true; no_space = true; break;
    case kJa: first = &kJaFirst; last = &kJaLast; family_first = true; break;
    case kKo: first = &kKoFirst; last = &kKoLast; family_first = true; no_space = true; break;
    case kEs: first = &kEsFirst; last = &kEsLast; break;
    case kDe: first = &kDeFirst; last = &kDeLast; break;
    case kFr: first = &kFrFirst; last = &kFrLast; break;
    case kPt: first = &kPtFirst; last = &kPtLast; break;
    case kRu: first = &kRuFirst; last = &kRuLast; break;
    default: break;
  }
  const NamePair& f = (*first)[rng.Below(first->size())];
  const NamePair& l = (*last)[rng.Below(last->size())];
  PersonName n;
  n.first = f.latin;
  n.last = l.latin;
  if (family_first) {
    n.display = std::string(l.display) + (no_space ? "" : " ") + f.display;
    if (lang == kZh && rng.Chance(0.3)) {  // many use a latin name
      n.display = fmt::format("{} {}", static_cast<char>(f.latin[0] - 32) + std::string(f.latin + 1),
                              static_cast<char>(l.latin[0] - 32) + std::string(l.latin + 1));
    }
  } else {
    n.display = std::string(f.display) + " " + l.display;
    if (rng.Chance(0.08)) {  // "Emma M." -- the first code point of the family name
      const std::string last = l.display;
      size_t len = 1;
      while (len < last.size() && (static_cast<unsigned char>(last[len]) & 0xC0) == 0x80) ++len;
      n.display = std::string(f.display) + " " + last.substr(0, len) + ".";
    }
  }
  return n;
}

std::string OrdinaryHandle(Rng& rng, const PersonName& n) {
  switch (rng.Below(12)) {
    case 0: return n.first + n.last;
    case 1: return n.first + "." + n.last;
    case 2: return n.first + "_" + n.last;
    case 3: return fmt::format("{}{}{}", n.first, n.last, rng.Range(1, 99));
    case 4: return fmt::format("{}{}", n.first, rng.Range(1965, 2006));
    case 5: return fmt::format("{}.{}{}", n.first, n.last.substr(0, 1), rng.Range(10, 99));
    case 6: return fmt::format("{}{}", P(rng, kHandleWords), P(rng, kHandleNouns));
    case 7: return fmt::format("{}_{}{}", P(rng, kHandleWords), P(rng, kHandleNouns), rng.Range(1, 999));
    case 8: return fmt::format("the{}{}", n.first, n.last.substr(0, 1));
    case 9: return fmt::format("{}{}{}", n.first.substr(0, 1), n.last, rng.Range(1, 9999));
    case 10: return fmt::format("{}_{}", n.first, P(rng, kHandleNouns));
    default: return fmt::format("{}{}", n.last, n.first.substr(0, 1));
  }
}

std::string RandomAlnum(Rng& rng, int chars) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < chars; ++i) s.push_back(kChars[rng.Below(i == 0 ? 26 : 36)]);
  return s;
}

std::string RandomHex(Rng& rng, int chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < chars; ++i) s.push_back(kHex[rng.Below(16)]);
  return s;
}

std::string FakeHandle(Rng& rng, const PersonName& n) {
  switch (rng.Below(8)) {
    case 0:
    case 1:
    case 2: return fmt::format("{}{}{}", n.first, n.last, rng.Range(1000, 99999));
    case 3: return fmt::format("{}{}", n.first, rng.Range(10000, 9999999));
    case 4: return RandomAlnum(rng, static_cast<int>(rng.Range(8, 14)));
    case 5: return fmt::format("{}{}{}", n.first, RandomAlnum(rng, 3), rng.Range(10, 99));
    case 6: return fmt::format("{}{}{}", n.first, n.last, rng.Range(10, 99));
    default: return fmt::format("{}_{}{}", n.last, n.first, rng.Range(100, 9999));
  }
}

std::string Bio(Rng& rng, int lang, std::string_view city) {
  if (rng.Chance(0.3)) return "";
  switch (lang) {
    case kZh: {
      static const List a = {"热爱生活", "吃货一枚", "摄影爱好者", "程序员", "老师", "学生党", "两个孩子的妈妈", "跑步爱好者", "喜欢旅行", "猫奴"};
      return fmt::format("{}｜{}{}", P(rng, a), P(rng, a), rng.Chance(0.4) ? fmt::format("｜{}", city) : "");
    }
    case kJa: {
      static const List a = {"カフェ巡り", "猫好き", "会社員", "大学生", "写真", "ランニング", "読書", "旅行好き", "ゲーム", "料理"};
      return fmt::format("{}／{}／{}", P(rng, a), P(rng, a), rng.Chance(0.5) ? std::string(city) : "無言フォロー失礼します");
    }
    case kEs: {
      static const List a = {"Amante del café", "Mamá de dos", "Ingeniero", "Estudiante", "Futbolero", "Viajero", "Fotógrafa", "Profe", "Cocinero aficionado"};
      return fmt::format("{} | {} | {}", P(rng, a), P(rng, a), city);
    }
    case kDe: {
      static const List a = {"Kaffeejunkie", "Papa", "Ingenieurin", "Student", "Fußballfan", "Radfahrer", "Lehrerin", "Hobbyfotograf", "Bücherwurm"};
      return fmt::format("{}. {}. {}", P(rng, a), P(rng, a), city);
    }
    case kFr: {
      static const List a = {"Amoureux du café", "Maman", "Ingénieur", "Étudiante", "Fan de foot", "Voyageur", "Photographe amateur", "Prof", "Lectrice"};
      return fmt::format("{} · {} · {}", P(rng, a), P(rng, a), city);
    }
    case kPt: {
      static const List a = {"Apaixonada por café", "Pai de dois", "Engenheiro", "Estudante", "Flamenguista", "Viajante", "Fotógrafa"};
      return fmt::format("{} | {} | {}", P(rng, a), P(rng, a), city);
    }
    case kRu: {
      static const List a = {"Люблю кофе", "Папа", "Инженер", "Студентка", "Фотограф", "Путешественник", "Учитель", "Бегаю по утрам"};
      return fmt::format("{} | {} | {}", P(rng, a), P(rng, a), city);
    }
    case kKo: {
      static const List a = {"커피 좋아함", "직장인", "대학생", "사진", "여행", "고양이 집사", "러닝"};
      return fmt::format("{} | {}", P(rng, a), P(rng, a));
    }
    default: {
      static const List jobs = {"Nurse", "Software engineer", "Teacher", "Student", "Dad of two", "Mom of three",
                                "Accountant", "Chef", "Graphic designer", "Retired", "Barista", "Electrician",
                                "Marketing", "PhD candidate", "Paramedic", "Writer", "Small business owner"};
      static const List likes = {"Coffee lover", "Dog person", "Runner", "Bookworm", "Gamer", "Foodie", "Plant parent",
                                 "Music addict", "Amateur photographer", "Hiker", "Football fan", "Cat mom", "Tea > coffee"};
      switch (rng.Below(4)) {
        case 0: return fmt::format("{} | {} | {}", P(rng, jobs), P(rng, likes), city);
        case 1: return fmt::format("{}. {}. Opinions my own.", P(rng, jobs), P(rng, likes));
        case 2: return fmt::format("{} {} {}", P(rng, likes), P(rng, kEmoji), P(rng, likes));
        default: return fmt::format("{} based in {}. {}", P(rng, jobs), city, P(rng, likes));
      }
    }
  }
}

std::string OpBio(Rng& rng, int lang) {
  static const List en = {"Love life, love peace", "Truth seeker", "Peace and love", "Just an ordinary person",
                          "Travel | Food | Life", "Speak the truth", "Happy every day", ""};
  static const List zh = {"热爱生活", "和平", "说真话", "每天开心", "爱国", "", "平凡人", "真相只有一个"};
  if (rng.Chance(0.45)) return "";
  return lang == kZh ? P(rng, zh) : P(rng, en);
}

void PersonalPost(Rng& rng, int lang, TextOut& out) {
  out.lang = lang;
  std::string& s = out.text;
  const int sentences = rng.Chance(0.45) ? 1 : (rng.Chance(0.7) ? 2 : 3);
  for (int i = 0; i < sentences; ++i) {
    AppendSep(s, lang);
    if (lang == kEn) EnSentence(rng, s);
    else SimpleSentence(rng, lang, s);
  }
  if (rng.Chance(0.3)) {
    AppendSep(s, lang);
    s.append(P(rng, kEmoji));
    if (rng.Chance(0.3)) s.append(P(rng, kEmoji));
  }
  if (rng.Chance(0.15)) out.AddHashtag(P(rng, kPersonalTags));
  if (rng.Chance(0.05)) out.AddHashtag(P(rng, kPersonalTags));
}

void ShortReaction(Rng& rng, int lang, TextOut& out) {
  out.lang = lang;
  static const List en = {"So true!", "haha", "Love this", "This is great", "Congrats!!", "lol same", "Wow", "Agreed",
                          "💯", "😂😂", "Happy birthday!", "Looks delicious", "Where is this?", "Miss you!", "Nice one",
                          "Beautiful", "Yesss", "omg", "Same here", "Ha! Classic", "Sending love ❤️", "Good luck!",
                          "Totally", "Oh no!", "Can't wait", "Love it", "Thanks for sharing", "👏👏", "Cute!!"};
  static const List zh = {"哈哈哈", "太好了", "赞", "同感", "羡慕", "好看", "加油！", "真的假的", "👍", "笑死", "生日快乐！", "厉害了"};
  static const List ja = {"いいね！", "わかる", "すごい", "おめでとう！", "笑", "かわいい", "美味しそう", "行きたい！"};
  static const List es = {"Qué bonito", "jajaja", "Felicidades!", "Totalmente", "Me encanta", "Qué rico", "Suerte!"};
  static const List de = {"Wie schön", "haha", "Glückwunsch!", "Genau so", "Mega", "Lecker!", "Viel Erfolg!"};
  static const List fr = {"Trop bien", "mdr", "Félicitations !", "Grave", "J'adore", "Miam", "Bon courage !"};
  static const List pt = {"Que lindo", "kkkkk", "Parabéns!", "Verdade", "Amei", "Que delícia", "Boa sorte!"};
  static const List ru = {"Класс!", "ахаха", "Поздравляю!", "Согласен", "Красиво", "Вкусно", "Удачи!"};
  static const List ko = {"대박", "ㅋㅋㅋㅋ", "축하해요!", "인정", "예쁘다", "맛있겠다", "화이팅!"};
  const List* l = &en;
  switch (lang) {
    case kZh: l = &zh; break;
    case kJa: l = &ja; break;
    case kEs: l = &es; break;
    case kDe: l = &de; break;
    case kFr: l = &fr; break;
    case kPt: l = &pt; break;
    case kRu: l = &ru; break;
    case kKo: l = &ko; break;
    default: break;
  }
  out.text.append(P(rng, *l));
  if (rng.Chance(0.25)) out.text.append(P(rng, kEmoji));
}

void Comment(Rng& rng, int lang, TextOut& out) {
  if (rng.Chance(0.45)) {
    ShortReaction(rng, lang, out);
    return;
  }
  out.lang = lang;
  std::string& s = out.text;
  if (lang == kEn) {
    static const List starts = {"Same here,", "Ha, ", "Honestly", "I feel this.", "Oh wow,", "Not gonna lie,", "Funny,",
                                "Wait,", "Totally agree,", "Hmm,", "Love that!"};
    static const List rests = {"I {v} {o} last {p} too", "my {s2} {v} {o} once", "you should try {o} next time",
                               "we need to catch up soon", "how long did that take?", "that sounds like a lot of work",
                               "I had no idea", "this made my day", "keep us posted", "that's exactly what happened to me"};
    s.append(P(rng, starts));
    s.push_back(' ');
    std::string r = P(rng, rests);
    auto replace = [&](const char* key, const char* val) {
      const size_t p = r.find(key);
      if (p != std::string::npos) r.replace(p, std::string_view(key).size(), val);
    };
    replace("{v}", P(rng, kEnVerbs));
    replace("{o}", P(rng, kEnObjects));
    replace("{p}", P(rng, kEnPeriods));
    replace("{s2}", rng.Chance(0.5) ? "brother" : "aunt");
    s.append(r);
    s.append(rng.Chance(0.5) ? "!" : ".");
  } else {
    SimpleSentence(rng, lang, s);
  }
  if (rng.Chance(0.2)) {
    AppendSep(s, lang);
    s.append(P(rng, kEmoji));
  }
}

std::string Headline(uint64_t story, int lang) {
  Rng rng(story, "headline");
  if (lang == kEn || rng.Chance(0.05)) {
    static const List who = {"Lawmakers", "City council", "Scientists", "Central bank", "Health officials", "Tech giant",
                             "Union leaders", "Police", "Researchers", "Regulators", "Voters", "Firefighters",
                             "School board", "Major airline", "Energy ministry", "Supreme Court", "Governor",
                             "UN agency", "Farmers", "Hospital workers", "Transit authority", "Prime minister"};
    static const List does = {"approve", "reject", "warn of", "unveil", "investigate", "delay", "announce", "debate",
                              "cut", "expand", "push back on", "face backlash over", "quietly drop", "vote on",
                              "sound alarm over", "back"};
    static const List what = {"new housing plan", "interest rate hike", "bridge repairs", "heat wave measures",
                              "AI safety rules", "record wildfire season", "transit fare increase", "vaccine campaign",
                              "budget shortfall", "data breach", "minimum wage rise", "flood defences",
                              "school lunch program", "drought restrictions", "stadium deal", "tax rebate",
                              "plastic bag ban", "teacher shortage", "rent cap proposal", "nuclear plant extension",
                              "four-day work week trial", "measles outbreak", "airport expansion", "chip factory"};
    static const List ctx = {"", "", "as costs rise", "after weeks of talks", "amid protests", "in surprise move",
                             "ahead of election", "despite criticism", "in landmark ruling", "as deadline looms",
                             "after leaked memo", "following storm damage"};
    const char* c = P(rng, ctx);
    return fmt::format("{} {} {}{}{}", P(rng, who), P(rng, does), P(rng, what), *c ? " " : "", c);
  }
  const SimpleLang& L = Simple(lang);
  static const List zh = {"突发：", "最新：", "关注：", "快讯：", ""};
  static const List zhw = {"央行宣布降息", "多地迎来强降雨", "新能源汽车销量创新高", "高铁新线路开通", "房价连续三个月下跌",
                           "暑期旅游预订火爆", "科学家发现新物种", "地铁票价调整方案公布", "台风即将登陆", "高考成绩公布"};
  static const List ja = {"速報：", "【独自】", "", ""};
  static const List jaw = {"日銀が金利据え置き", "新幹線が一時運転見合わせ", "桜の開花が過去最速", "円安が進行", "新型ロケット打ち上げ成功",
                           "大雨警報が発表", "人気アニメ続編決定", "最低賃金の引き上げへ"};
  static const List es = {"Gobierno anuncia nuevo plan de vivienda", "Ola de calor golpea el sur", "Suben los precios de la luz",
                          "Huelga de transporte este lunes", "Récord de turistas en verano", "Nuevo hallazgo arqueológico",
                          "El Congreso aprueba la reforma", "Alerta por lluvias intensas"};
  static const List de = {"Bundestag beschließt Reform", "Hitzewelle erreicht Deutschland", "Bahn kündigt Streik an",
                          "Mieten steigen weiter", "Neues Gesetz zum Klimaschutz", "Rekord bei Solarstrom", "Inflation sinkt leicht"};
  static const List fr = {"Le gouvernement annonce une réforme", "Canicule : alerte rouge", "Grève dans les transports",
                          "Les loyers continuent d'augmenter", "Record de fréquentation au Louvre", "Nouvelle loi sur le climat"};
  static const List other = {"Breaking", "Update", "Live"};
  std::string h;
  switch (lang) {
    case kZh: h = fmt::format("{}{}", P(rng, zh), P(rng, zhw)); break;
    case kJa: h = fmt::format("{}{}", P(rng, ja), P(rng, jaw)); break;
    case kEs: h = P(rng, es); break;
    case kDe: h = P(rng, de); break;
    case kFr: h = P(rng, fr); break;
    default: h = fmt::format("{}: {} {}", P(rng, other), P(rng, L.times), P(rng, L.acts)); break;
  }
  // Distinguish stories that share a headline pattern.
  h.append(fmt::format(" ({})", static_cast<int>(rng.Range(2, 98))));
  return h;
}

std::string Slug(std::string_view text, uint64_t salt) {
  std::string s;
  bool dash = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) && c < 128) {
      s.push_back(static_cast<char>(std::tolower(c)));
      dash = false;
    } else if (!dash && !s.empty()) {
      s.push_back('-');
      dash = true;
    }
    if (s.size() > 60) break;
  }
  if (!s.empty() && s.back() == '-') s.pop_back();
  if (s.empty()) s = "story";
  return fmt::format("{}-{}", s, salt % 100000000);
}

void FanComment(Rng& rng, int lang, TextOut& out) {
  out.lang = lang;
  static const List en = {"love this!!", "queen 👑", "omg 😍😍", "iconic", "can't wait!!", "best song ever", "we love you",
                          "so proud of you", "🔥🔥🔥", "❤️❤️❤️", "SLAY", "obsessed", "need this on repeat", "ahhhh",
                          "the visuals!!", "goosebumps", "perfection", "literally crying", "first!!", "stunning 😍",
                          "love you so much", "tour when??", "you deserve everything", "this is everything"};
  static const List es = {"te amo!!", "reina 👑", "qué hermosa", "la mejor", "te amamos", "ídola"};
  static const List pt = {"perfeita demais", "rainha", "amo muito", "maravilhosa", "te amo"};
  static const List ja = {"かわいい！", "最高！", "大好き", "尊い", "神曲"};
  static const List ko = {"언니 사랑해요", "최고", "너무 예뻐요", "대박"};
  const List* l = &en;
  if (lang == kEs) l = &es;
  else if (lang == kPt) l = &pt;
  else if (lang == kJa) l = &ja;
  else if (lang == kKo) l = &ko;
  else out.lang = kEn;
  out.text.append(P(rng, *l));
  if (rng.Chance(0.4)) out.text.append(P(rng, kEmoji));
  if (rng.Chance(0.15)) out.text.append(P(rng, kEmoji));
}

void FarmComment(Rng& rng, TextOut& out) {
  out.lang = kEn;
  static const List l = {"nice", "great post", "👍", "amazing", "wow", "so good", "Nice pic", "🔥🔥", "Great content!",
                         "awesome", "love it", "cool", "👏👏👏", "Nice 👍", "beautiful", "great", "good job", "superb",
                         "Wow nice", "keep it up", "Nice one", "Love this", "perfect", "🔥", "❤️"};
  out.text.append(P(rng, l));
}

std::vector<std::string> CampaignHashtags(int campaign) {
  static const std::vector<std::vector<std::string>> tags = {
      {"climatestrike", "actnow"},  {"SaveTheRiver", "CleanWaterNow"}, {"FairPay4Nurses", "NursesDeserveMore"},
      {"RightToRepair", "FixItYourself"}, {"BikeLanesNow", "SafeStreets"}, {"SaveOurLibrary", "ReadFree"}};
  return tags[static_cast<size_t>(campaign) % tags.size()];
}

std::string CampaignName(int campaign) {
  static const List names = {"climate strike", "save the river", "fair pay for nurses", "right to repair", "bike lanes now",
                             "save our library"};
  return names[static_cast<size_t>(campaign) % names.size()];
}

void ActivistText(Rng& rng, int lang, int campaign, bool slogan, std::string_view city, TextOut& out) {
  static const List slogans = {
      "No more empty promises. The time to act is now!", "Our river is not a dump. Clean water is a right!",
      "Nurses kept us alive. Now pay them fairly!", "If you can't fix it, you don't own it.",
      "Safe streets for everyone. Bike lanes now!", "Libraries are for everyone. Don't close our library!"};
  static const List own_en = {"Out on the streets in {c} today", "Marching in {c} with thousands of others",
                              "Joined the rally in {c} this morning", "Proud to stand with everyone in {c} today",
                              "Huge crowd here in {c}", "Bringing the kids to the march in {c}",
                              "First time at a protest, here in {c}"};
  static const List own_end = {"because there is no planet B.", "for our future.", "and we won't stop.",
                               "Please share.", "Enough is enough.", "Our voices matter.", "Join us!"};
  static const List own_es = {"Hoy en la calle en {c}", "Marchando en {c}", "Miles de personas en {c}"};
  static const List own_de = {"Heute auf der Straße in {c}", "Tausende in {c}", "Wir sind laut in {c}"};
  static const List own_fr = {"Dans la rue à {c} aujourd'hui", "Des milliers à {c}", "On ne lâche rien à {c}"};
  const size_t idx = static_cast<size_t>(campaign) % slogans.size();
  if (slogan) {
    out.lang = kEn;
    out.text.append(slogans[idx]);
  } else {
    const List* l = &own_en;
    out.lang = kEn;
    if (lang == kEs) { l = &own_es; out.lang = kEs; }
    if (lang == kDe) { l = &own_de; out.lang = kDe; }
    if (lang == kFr) { l = &own_fr; out.lang = kFr; }
    std::string t = P(rng, *l);
    const size_t p = t.find("{c}");
    if (p != std::string::npos) t.replace(p, 3, city);
    out.text.append(t);
    if (out.lang == kEn) {
      out.text.append(" ");
      out.text.append(P(rng, own_end));
    } else {
      out.text.append("!");
    }
    if (rng.Chance(0.3)) out.text.append(P(rng, kEmoji));
  }
  for (const auto& tag : CampaignHashtags(campaign)) out.AddHashtag(tag);
}

int OpTemplateCount() { return static_cast<int>(OpTemplates().size()); }

namespace {

// One small edit at a random place: in Latin text a letter dropped, doubled
// or swapped with the next; in Chinese a filler character inserted.
void SmallEdit(Rng& rng, bool chinese, std::string& body) {
  if (body.empty()) return;
  if (chinese) {  // a filler character inserted (deleting one would repeat sooner)
    std::vector<size_t> starts;  // character boundaries
    for (size_t i = 0; i < body.size(); ++i) {
      if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    static const List kFiller = {"的", "了", "呀", "啊", "真", "都", "很", "也", "就", "还"};
    body.insert(starts[rng.Below(starts.size())], P(rng, kFiller));
    return;
  }
  for (int tries = 0; tries < 20; ++tries) {
    const size_t pos = rng.Below(body.size());
    if (!std::isalpha(static_cast<unsigned char>(body[pos]))) continue;
    const double u = rng.Uniform();
    if (u < 0.4) body.erase(pos, 1);
    else if (u < 0.7) body.insert(pos, 1, body[pos]);
    else if (pos + 1 < body.size() && std::isalpha(static_cast<unsigned char>(body[pos + 1]))) std::swap(body[pos], body[pos + 1]);
    else body.insert(pos, 1, body[pos]);
    return;
  }
}

// What a reader's normaliser would still tell apart: letters and digits
// folded to lower case, punctuation and spacing dropped.
std::string CopyKey(const std::string& body) {
  std::string key;
  for (char c : body) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) key.push_back(c);
    else if (std::isalnum(u)) key.push_back(static_cast<char>(std::tolower(u)));
  }
  return key;
}

// `edits` small edits of `body`, again until the result is a wording not
// used before (random edits of a short template do coincide).
std::string EditedCopy(Rng& rng, bool chinese, const std::string& body, int edits, CopySet& used) {
  std::string copy;
  for (int tries = 0; tries < 50; ++tries) {
    copy = body;
    for (int e = 0; e < edits; ++e) SmallEdit(rng, chinese, copy);
    if (used.insert(CopyKey(copy)).second) break;
  }
  return copy;
}

}  // namespace

void OpText(Rng& rng, int tmpl, TextOut& out, CopySet* distinct) {
  const OpTemplate& t = OpTemplates()[static_cast<size_t>(tmpl) % OpTemplates().size()];
  out.lang = t.lang;
  std::string body;
  Expand(rng, t.text, 0.55, body);
  const bool traditional = t.lang == kZh && rng.Chance(0.3);
  if (traditional && distinct == nullptr) body = ToTraditional(body);
  if (rng.Chance(0.12)) {  // typo: drop or double a character (ASCII only)
    const size_t n = body.size();
    const size_t pos = rng.Below(n);
    if (static_cast<unsigned char>(body[pos]) < 128 && std::isalpha(static_cast<unsigned char>(body[pos]))) {
      if (rng.Chance(0.5)) body.erase(pos, 1);
      else body.insert(pos, 1, body[pos]);
    }
  }
  if (distinct != nullptr) {  // edited in simplified characters, so that the two scripts never make a new wording
    const int edits = t.lang == kZh ? 2 : 3;  // a Chinese character is a bigger edit than a letter
    body = EditedCopy(rng, t.lang == kZh, body, edits, *distinct);
    if (traditional) body = ToTraditional(body);
  }
  out.text = body;
  if (rng.Chance(0.35)) out.text.append(P(rng, kEmoji));
  if (rng.Chance(0.15)) out.text.append("🇨🇳");
  if (rng.Chance(0.75)) {
    const size_t n = rng.Chance(0.7) ? t.tags.size() : 1 + rng.Below(t.tags.size());
    for (size_t i = 0; i < n; ++i) out.AddHashtag(t.tags[i]);
  }
}

void OpComment(Rng& rng, int lang, TextOut& out) {
  static const List en = {"Well said!", "Totally agree", "This is the truth", "Support China!", "👍👍👍",
                          "The West lies again", "Great video", "Everyone should watch this", "So true", "Shame on the US",
                          "Agree 100%", "Finally someone says it"};
  static const List zh = {"说得好！", "支持！", "👍👍👍", "这才是真相", "点赞", "转发了", "太对了", "中国加油", "顶",
                          "美国太虚伪了", "厉害了我的国", "说得太对了"};
  if (lang == kZh) {
    out.lang = kZh;
    std::string s = P(rng, zh);
    out.text = rng.Chance(0.3) ? ToTraditional(s) : s;
  } else {
    out.lang = kEn;
    out.text = P(rng, en);
  }
  if (rng.Chance(0.3)) out.text.append(P(rng, kEmoji));
}

std::string OpVideoTitle(Rng& rng, CopySet* distinct) {
  static const List en = {"The Real Xinjiang: {a|A} Day in Kashgar", "What the Western media won't show you",
                          "Xinjiang cotton farmers speak", "US hypocrisy on human rights, explained",
                          "Who is Guo Wengui really?", "Hong Kong today: peace and prosperity",
                          "Life in Urumqi {2023|now}", "America's wars: a timeline"};
  static const List zh = {"真实的新疆：喀什的一天", "西方媒体不会告诉你的新疆", "新疆棉农的心里话", "揭穿郭文贵的谎言",
                          "美国人权的真相", "今日香港", "乌鲁木齐的夜市"};
  std::string s;
  Expand(rng, rng.Chance(0.6) ? P(rng, en) : P(rng, zh), 0.5, s);
  if (distinct != nullptr) s = EditedCopy(rng, (static_cast<unsigned char>(s[0]) & 0x80) != 0, s, 2, *distinct);
  return s;
}

void PersonaText(Rng& rng, int wave, TextOut& out) {
  out.lang = kEn;
  static const List openers = {"Worth reading:", "Important piece on", "People need to talk more about",
                               "I keep coming back to this:", "Nobody in the mainstream press will cover",
                               "Another reminder of", "Good long read on", "This deserves more attention:",
                               "Hard not to be angry about", "Finally some reporting on", "Quietly, again:",
                               "If you care about the Pacific, read this on"};
  static const List subjects = {
      "how Canberra treats its Pacific neighbours", "who really profits from deep-sea mining",
      "the aid that comes with strings attached", "fishing licences sold behind closed doors",
      "Washington's sudden interest in the islands", "security money that never reaches island communities",
      "the environmental damage nobody wants to count", "island governments being lectured by former colonial powers",
      "the debt traps nobody in the West mentions", "how the big powers decide for small nations",
      "the military bases planned without consultation", "the mining contracts signed in secret"};
  static const List closers = {"Pacific nations deserve partners, not bosses.", "Follow the money.",
                               "Sovereignty is not for sale.", "Islanders should decide, not outsiders.",
                               "The double standard is striking.", "Read it and decide for yourself.",
                               "This is not what partnership looks like.", "We have been here before.",
                               "Ask who benefits.", "Worth a few minutes of your time.", ""};
  static const List wave_subjects = {"the Honiara security pact", "the seabed mining moratorium vote",
                                     "the tuna treaty renegotiation", "the new naval base plans",
                                     "the climate finance pledges", "the Nauru detention contracts",
                                     "the undersea cable deal", "the election observers' report"};
  const char* o = P(rng, openers);
  std::string subj = rng.Chance(0.5) ? std::string(wave_subjects[static_cast<size_t>(wave) % wave_subjects.size()])
                                     : std::string(P(rng, subjects));
  fmt::format_to(std::back_inserter(out.text), "{} {}", o, subj);
  const char* c = P(rng, closers);
  out.text.append(o[std::string_view(o).size() - 1] == ':' ? "." : ".");
  if (*c) {
    out.text.push_back(' ');
    out.text.append(c);
  }
  if (rng.Chance(0.25)) out.AddHashtag(rng.Chance(0.6) ? "PacificVoices" : "Pacific");
}

std::string PersonaArticleTitle(int wave) {
  static const List titles = {"Who Really Benefits From {s}?", "The Quiet Truth About {s}", "{s}: What They Are Not Telling You",
                              "Why Islanders Are Angry About {s}"};
  static const List subjects = {"the Honiara Security Pact", "the Seabed Mining Vote", "the Tuna Treaty", "the New Naval Base",
                                "Climate Finance Pledges", "the Nauru Contracts", "the Undersea Cable Deal", "the Election Report"};
  std::string t = titles[static_cast<size_t>(wave) % titles.size()];
  const size_t p = t.find("{s}");
  t.replace(p, 3, subjects[static_cast<size_t>(wave) % subjects.size()]);
  return t;
}

}  // namespace unmask::sim
